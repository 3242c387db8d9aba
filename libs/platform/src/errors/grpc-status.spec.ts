import { status } from '@grpc/grpc-js';
import { GrpcStatus } from './grpc-status';

describe('GrpcStatus', () => {
  it("is @grpc/grpc-js's status, name for name and code for code", () => {
    const theirs = Object.fromEntries(Object.entries(status).filter(([, code]) => typeof code === 'number'));
    expect(GrpcStatus).toEqual(theirs);
  });
});
