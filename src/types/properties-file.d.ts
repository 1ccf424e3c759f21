// properties-file publishes its subpath types through package.json "exports", which TypeScript's
// `moduleResolution: node` does not read; the runtime require resolves the subpath itself.
declare module 'properties-file/parser' {
  export * from 'properties-file/dist/cjs/parser/index';
}
