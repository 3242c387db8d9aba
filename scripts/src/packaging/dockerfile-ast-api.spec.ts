import { DockerfileParser, From, JSONInstruction } from 'dockerfile-ast';

/**
 * The parts of dockerfile-ast's API that dockerfile-lint.ts leans on, pinned as observed on dockerfile-ast@0.7.1
 * (docs/adr/0023-dockerfile-rules-on-dockerfile-ast.md). An upgrade that changes one fails here first, naming
 * the method, rather than silently turning a rule off.
 */
describe('dockerfile-ast, as the Dockerfile rules use it', () => {
  const dockerfile = DockerfileParser.parse(
    [
      'ARG APP=web',
      'FROM registry.example:5000/team/node:24.22.3-slim@sha256:' + 'b'.repeat(64) + ' AS Base',
      'RUN npm ci \\',
      '  --omit=dev',
      'CMD ["node", "a.js"]',
      'FROM base AS app-web',
      'ENTRYPOINT node b.js',
      'FROM app-${APP}',
    ].join('\n'),
  );
  const instructions = dockerfile.getInstructions();

  it('lists every instruction, global ARGs first, with 0-based lines', () => {
    expect(instructions.map((instruction) => instruction.getKeyword())).toEqual([
      'ARG',
      'FROM',
      'RUN',
      'CMD',
      'FROM',
      'ENTRYPOINT',
      'FROM',
    ]);
    expect(instructions.map((instruction) => instruction.getRange().start.line)).toEqual([
      0, 1, 2, 4, 5, 6, 7,
    ]);
  });

  // With both a tag and a digest, getImageTag() is null: the rule accepts a digest alone, so that is enough.
  it('splits a FROM into image, tag, digest and stage name, leaving ${ARG}s unexpanded', () => {
    const froms = instructions.filter((instruction): instruction is From => instruction instanceof From);
    expect(
      froms.map((from) => [from.getImage(), from.getImageTag(), from.getImageDigest(), from.getBuildStage()]),
    ).toEqual([
      [
        `registry.example:5000/team/node:24.22.3-slim@sha256:${'b'.repeat(64)}`,
        null,
        `sha256:${'b'.repeat(64)}`,
        'Base',
      ],
      ['base', null, null, 'app-web'],
      ['app-${APP}', null, null, null],
    ]);
  });

  it('drops line continuations in getArgumentsContent and splits getArguments on whitespace', () => {
    expect(instructions[2].getArgumentsContent()).toBe('npm ci   --omit=dev');
    expect(instructions[2].getArguments().map((argument) => argument.getValue())).toEqual([
      'npm',
      'ci',
      '--omit=dev',
    ]);
  });

  it('makes CMD and ENTRYPOINT JSONInstructions whose opening bracket is null in shell form', () => {
    const [cmd, entrypoint] = [instructions[3], instructions[5]];
    expect(cmd).toBeInstanceOf(JSONInstruction);
    expect(entrypoint).toBeInstanceOf(JSONInstruction);
    expect((cmd as JSONInstruction).getOpeningBracket()?.getValue()).toBe('[');
    expect((entrypoint as JSONInstruction).getOpeningBracket()).toBeNull();
  });
});
