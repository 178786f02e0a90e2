// The slice of markdown-it's API the tests use (markdown-it ships no types; VS Code's preview runs it).
declare module 'markdown-it' {
  export default class MarkdownIt {
    constructor(options?: {
      html?: boolean;
      linkify?: boolean;
      breaks?: boolean;
      highlight?: (code: string, lang: string) => string;
    });
    render(src: string, env?: object): string;
    parse(src: string, env?: object): unknown[];
    // biome-ignore lint/suspicious/noExplicitAny: markdown-it's rule signatures vary by rule
    core: { ruler: { push(name: string, rule: (state: any) => void): void } };
    // biome-ignore lint/suspicious/noExplicitAny: renderer rules take markdown-it's untyped tokens
    renderer: { rules: Record<string, any>; render(tokens: unknown[], options: object, env: object): string };
    options: object;
  }
}
