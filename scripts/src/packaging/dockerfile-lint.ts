import { DockerfileParser, From, Instruction, JSONInstruction } from 'dockerfile-ast';

/**
 * A small Dockerfile linter with hadolint's most useful rules, on the parser VS Code's Docker extension uses
 * (hadolint itself ships no npm package that runs here): docs/adr/0023-dockerfile-rules-on-dockerfile-ast.md.
 */
export interface Finding {
  rule: DockerfileRule;
  /** 1-based, as editors show it. */
  line: number;
  message: string;
}

export type DockerfileRule =
  | 'base-image-pinned'
  | 'no-latest-tag'
  | 'non-root-user'
  | 'healthcheck'
  | 'no-add-for-local-files'
  | 'npm-ci'
  | 'absolute-workdir'
  | 'exec-form';

/** A comment line `# no HEALTHCHECK: <why>` states why the image has none (e.g. the orchestrator probes it). */
const NO_HEALTHCHECK = /^#\s*no HEALTHCHECK:\s*\S/m;
const REMOTE_SOURCE = /^(https?:\/\/|git@|git:\/\/)/;
const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tar\.xz)$/;
const NPM_INSTALL = /\bnpm\s+(install|i|add)\b/;

interface Stage {
  from: From;
  /** The name after AS, lower-cased as Docker compares it. */
  name: string | null;
  instructions: Instruction[];
}

export function lintDockerfile(content: string): Finding[] {
  const dockerfile = DockerfileParser.parse(content);
  const stages = splitStages(dockerfile.getInstructions());
  const findings: Finding[] = [];
  const at = (instruction: Instruction): number => instruction.getRange().start.line + 1;

  for (const stage of stages) {
    findings.push(...checkBaseImage(stage, stages, at(stage.from)));
    for (const instruction of stage.instructions) {
      const keyword = instruction.getKeyword();
      const args = instruction.getArgumentsContent() ?? '';
      if (keyword === 'ADD') {
        const sources = instruction
          .getArguments()
          .slice(0, -1)
          .map((arg) => arg.getValue());
        const local = sources.filter((source) => !source.startsWith('--') && !REMOTE_SOURCE.test(source));
        if (local.some((source) => !ARCHIVE.test(source))) {
          findings.push({
            rule: 'no-add-for-local-files',
            line: at(instruction),
            message: `ADD ${local.join(' ')}: use COPY for local files (ADD also unpacks archives and fetches URLs)`,
          });
        }
      }
      if (keyword === 'RUN' && NPM_INSTALL.test(args)) {
        findings.push({
          rule: 'npm-ci',
          line: at(instruction),
          message:
            'RUN npm install: use npm ci, which installs exactly the lockfile and fails when it is stale',
        });
      }
      if (keyword === 'WORKDIR' && !/^["']?(\/|\$)/.test(args)) {
        findings.push({
          rule: 'absolute-workdir',
          line: at(instruction),
          message: `WORKDIR ${args}: use an absolute path`,
        });
      }
      if ((keyword === 'CMD' || keyword === 'ENTRYPOINT') && !isExecForm(instruction)) {
        findings.push({
          rule: 'exec-form',
          line: at(instruction),
          message: `${keyword} in shell form: use the JSON (exec) form, so the process is PID 1 and receives SIGTERM`,
        });
      }
    }
  }

  const final = stages[stages.length - 1];
  if (final) {
    const images = finalImages(final, stages);
    for (const image of images) {
      const user = inherited(image, stages, 'USER');
      const name = image.name ?? 'the final stage';
      if (!user || /^(root|0)(:|$)/.test(user.getArgumentsContent() ?? '')) {
        findings.push({
          rule: 'non-root-user',
          line: at(user ?? image.from),
          message: `${name} runs as root: end it with USER <non-root user>`,
        });
      }
      if (!inherited(image, stages, 'HEALTHCHECK') && !NO_HEALTHCHECK.test(content)) {
        findings.push({
          rule: 'healthcheck',
          line: at(image.from),
          message: `${name} has no HEALTHCHECK (or a comment "# no HEALTHCHECK: <why>")`,
        });
      }
    }
  }
  // Two app stages that inherit one bad line report it once.
  return findings.filter(
    (finding, index) =>
      findings.findIndex((other) => other.rule === finding.rule && other.line === finding.line) === index,
  );
}

function splitStages(instructions: Instruction[]): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction instanceof From) {
      stages.push({
        from: instruction,
        name: instruction.getBuildStage()?.toLowerCase() ?? null,
        instructions: [],
      });
    } else if (stages.length > 0) {
      stages[stages.length - 1].instructions.push(instruction);
    }
    // Instructions before the first FROM are global ARGs: nothing to check.
  }
  return stages;
}

/** The earlier stages a FROM names; a name built from ${ARG}s stands for every stage it can match. */
function parentStages(stage: Stage, stages: Stage[]): Stage[] {
  const image = stage.from.getImage() ?? '';
  const earlier = stages.slice(0, stages.indexOf(stage));
  if (!image.includes('$')) return earlier.filter((candidate) => candidate.name === image.toLowerCase());
  const parts = image.toLowerCase().split(/\$\{?\w+\}?/);
  return earlier.filter((candidate) => candidate.name !== null && fillsTemplate(candidate.name, parts));
}

/** Whether `name` is the literal `parts` in order with something non-empty for each variable between them. */
function fillsTemplate(name: string, parts: string[]): boolean {
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (!name.startsWith(first) || !name.endsWith(last) || name.length < first.length + last.length + 1)
    return false;
  let position = first.length;
  for (const part of parts.slice(1, -1)) {
    const found = name.indexOf(part, position + 1);
    if (found === -1) return false;
    position = found + part.length;
  }
  return name.length - last.length > position;
}

function checkBaseImage(stage: Stage, stages: Stage[], line: number): Finding[] {
  const image = stage.from.getImage() ?? '';
  if (image.toLowerCase() === 'scratch' || parentStages(stage, stages).length > 0) return [];
  if (image.includes('$')) {
    return [
      {
        rule: 'base-image-pinned',
        line,
        message: `FROM ${image}: matches no earlier stage, so its tag is unknown`,
      },
    ];
  }
  const tag = stage.from.getImageTag();
  if (tag === 'latest') {
    return [{ rule: 'no-latest-tag', line, message: `FROM ${image}: "latest" moves; pin a version` }];
  }
  if (!tag && !stage.from.getImageDigest()) {
    return [{ rule: 'base-image-pinned', line, message: `FROM ${image}: pin a tag or a digest` }];
  }
  return [];
}

/** The stages the final image can be: the last stage, or each stage its FROM may name. */
function finalImages(final: Stage, stages: Stage[]): Stage[] {
  const parents = parentStages(final, stages);
  const ownsEverything = final.instructions.some((instruction) =>
    ['USER', 'HEALTHCHECK'].includes(instruction.getKeyword()),
  );
  return parents.length > 1 && !ownsEverything ? parents : [final];
}

/** The last instruction of a kind in a stage, else in the stage it is built FROM, and so on. */
function inherited(stage: Stage, stages: Stage[], keyword: string): Instruction | undefined {
  const own = stage.instructions.filter((instruction) => instruction.getKeyword() === keyword).pop();
  if (own) return own;
  const [parent] = parentStages(stage, stages);
  return parent ? inherited(parent, stages, keyword) : undefined;
}

function isExecForm(instruction: Instruction): boolean {
  return instruction instanceof JSONInstruction && instruction.getOpeningBracket() !== null;
}
