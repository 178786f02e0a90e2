// The slice of markdown-it's API the tests use (markdown-it ships no types; VS Code's preview runs it).
declare module 'markdown-it' {
  export default class MarkdownIt {
    constructor(options?: { html?: boolean; linkify?: boolean; breaks?: boolean; highlight?: (code: string, lang: string) => string });
    render(src: string, env?: object): string;
    parse(src: string, env?: object): unknown[];
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- markdown-it's rule signatures vary by rule
    core: { ruler: { push(name: string, rule: (state: any) => void): void } };
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    renderer: { rules: Record<string, any>; render(tokens: unknown[], options: object, env: object): string };
    options: object;
  }
}
