import type { Engine, EngineFlavour } from '../core/types';

const VERSION_SHAPE: Record<EngineFlavour, { pattern: RegExp; example: string; shape: string }> = {
  'amazon-mq': { pattern: /^\d+\.\d+(?:\.\d+)?$/, example: 'amazon-mq/5.18', shape: '<major.minor[.patch]>' },
  activemq: { pattern: /^\d+\.\d+\.\d+$/, example: 'activemq/5.17.2', shape: '<major.minor.patch>' },
};

export const ENGINE_FLAVOURS = Object.keys(VERSION_SHAPE) as EngineFlavour[];

export const ENGINE_HINT = `write amazon-mq/<major.minor[.patch]> (e.g. ${VERSION_SHAPE['amazon-mq'].example}) or activemq/<major.minor.patch> (e.g. ${VERSION_SHAPE.activemq.example})`;

export type EngineParse = { ok: true; engine: Engine } | { ok: false; message: string; hint: string };

function isFlavour(text: string): text is EngineFlavour {
  return (ENGINE_FLAVOURS as string[]).includes(text);
}

/** Parses `flavour/version`; the failure says which half is wrong. */
export function parseEngine(text: string): EngineParse {
  const slash = text.indexOf('/');
  const flavour = slash < 0 ? text : text.slice(0, slash);
  const version = slash < 0 ? '' : text.slice(slash + 1);
  if (!isFlavour(flavour)) {
    return {
      ok: false,
      message: `unknown engine flavour "${flavour}"`,
      hint: `known flavours: ${ENGINE_FLAVOURS.join(', ')}; ${ENGINE_HINT}`,
    };
  }
  const shape = VERSION_SHAPE[flavour];
  if (!shape.pattern.test(version)) {
    return {
      ok: false,
      message: `engine version "${version}" of ${flavour} is not ${shape.shape}`,
      hint: `write e.g. ${shape.example}`,
    };
  }
  return {
    ok: true,
    engine: { flavour, version, versionParts: version.split('.').map(Number), id: `${flavour}/${version}` },
  };
}
