// The CAP Lens language server: keeps one incremental analysis per open document (per design, in a Markdown
// file with design fences), publishes diagnostics (debounced, never for an outdated version) and answers editor
// requests from the cached analysis (of the design at the cursor).

import {
  type CodeLens,
  CompletionItemKind,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  InsertTextFormat,
  MarkupKind,
  ResponseError,
  SymbolKind,
  TextDocumentSyncKind,
  TextDocuments,
  type CodeAction,
  type Connection,
  type DocumentSymbol,
  type InitializeParams,
  type InitializeResult,
  type Diagnostic,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { byPosition, type AnalysisOptions, type AnalysisResult } from '../core/analysis/analyze';
import { planScenarios } from '../core/rules/scenario-plan';
import { placeFindings } from '../core/markdown/designs';
import type { Finding } from '../core/rules/findings';
import type { RunOutcome, ScenarioRun } from '../core/simulation/scenario-runs';
import { MAX_EDITOR_BYTES } from '../core/analysis/limits';
import { FixVerifier } from '../core/analysis/verify-fixes';
import { completionsAt } from '../core/ide/completion';
import { hoverAt } from '../core/ide/hover';
import { codeLenses, outline, type OutlineNode } from '../core/ide/outline';
import { buildSimulatorModel, findRevealRange } from '../core/ide/simulator-model';
import { locationsOf, renameEdits, symbolAt } from '../core/ide/symbols';
import { severityOf, type RuleSeverityOverrides } from '../core/rules/registry';
import { sameRange, SOURCE, toQuickFixes, toRange } from './convert';
import { documentFindings, DocumentDesigns, isMarkdownDocument, type DesignView } from './design-documents';
import { DiagnosticCache } from './diagnostic-cache';
import { findingsToPublish, summaryDiagnostic } from './publish-limit';
import { ScenarioRunner, type ExecutorFactory } from './scenario-runner';
import {
  REVEAL_RANGE_METHOD,
  SIMULATOR_MODEL_METHOD,
  type RevealRangeParams,
  type RevealRangeResult,
  type SimulatorModelParams,
  type SimulatorModelResult,
} from './requests';
import { DEFAULT_SETTINGS, parseClientSettings, type ServerSettings } from './settings';
import { HISTORY_LANGUAGE, HISTORY_VIEW_REQUEST, HistoryChecks } from './history';
import { VERSION } from '../version';

/** What the editor checks as you type (see MAX_EDITOR_BYTES); scenarios run in the ScenarioRunner's worker. */
const EDITOR_ANALYSIS: AnalysisOptions = { maxBytes: MAX_EDITOR_BYTES, scenarios: false };
/**
 * Documents whose analyses stay cached. An analysis holds about 45 times its text (the model, the incremental
 * cache, findings), so the caches of documents not touched lately are dropped and rebuilt when next needed.
 */
export const MAX_CACHED_ANALYSES = 16;
/**
 * A design larger than this publishes the findings of the entries in its first HEAD_CHARS characters (about a
 * screenful and a half) as soon as it opens, before the full check of a large file is done.
 */
const HEAD_FROM_CHARS = 128 * 1024;
const HEAD_CHARS = 8 * 1024;

interface DocumentState {
  designs: DocumentDesigns;
  timer?: ReturnType<typeof setTimeout>;
  /** How many diagnostics were last published: a Markdown file that never held a design is never sent an empty list. */
  published: number;
  /** Checks quick fixes against each design's text of `version`, made when a code action first asks. */
  fixes?: { version: number; verifiers: Map<string, FixVerifier> };
  /** The findings last published (analyses and finished scenario runs, before severities), for code actions. */
  shown?: { version: number; findings: Finding[] };
  /** Keys of the scenario runs the latest version needs: a run finishing republishes the documents that need it. */
  runs: ReadonlySet<string>;
  /** Its open has been handled (a large design's first screenful is published once, at open). */
  opened?: boolean;
  /** The version whose analyses `designs` holds, if any; and when the document was last asked about. */
  analysed?: number;
  touched: number;
}

/**
 * Extra severity sources (e.g. `.caplens.yaml` next to the file), merged under the editor's settings. The
 * workspace folders (their URIs) bound the lookup: nothing above them applies.
 */
export type FileRuleLookup = (uri: string, workspaceFolders: readonly string[]) => RuleSeverityOverrides;

/** What differs between the hosts a server runs in (Node: ./main.ts; a browser's Web Worker: ./browser-main.ts). */
export interface ServerOptions {
  fileRules?: FileRuleLookup;
  /** Where design scenarios run, given the server's error log (default: on the server's thread, one per turn). */
  scenarios?: (log: (message: string) => void) => ExecutorFactory;
  /** Sees the client's `initialize` first (the browser build takes the rule files the client sent with it). */
  onInitialize?: (params: InitializeParams) => void;
}

/** What a host can ask of a running server. */
export interface RunningServer {
  /** Checks every open document again (its rule settings changed). */
  republish(): void;
}

export function startServer(connection: Connection, options: ServerOptions = {}): RunningServer {
  // Each edit's range is noted before it is applied, so the next analysis knows which ends of the text it left alone.
  const documents = new TextDocuments<TextDocument>({
    create: TextDocument.create,
    update(document, changes, version) {
      states.get(document.uri)?.designs.edited(document, changes);
      return TextDocument.update(document, changes, version);
    },
  });
  const states = new Map<string, DocumentState>();
  /** Jepsen histories (language `jepsen-history`) get a linearizability verdict instead of a design analysis. */
  const histories = new HistoryChecks();
  const converted = new DiagnosticCache();
  let settings: ServerSettings = DEFAULT_SETTINGS;
  let pullsConfiguration = false;
  let clock = 0;
  /** URIs of the client's workspace folders, from `initialize`. */
  let workspaceFolders: string[] = [];

  const log = (message: string, e: unknown) =>
    connection.console.error(`${message}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  const scenarios = new ScenarioRunner(
    (key) => {
      for (const doc of documents.all()) if (states.get(doc.uri)?.runs.has(key)) schedule(doc, 0);
    },
    options.scenarios?.((message) => connection.console.error(message)),
  );

  /** Runs a request handler; a bug in one feature must never take the server down. */
  const guard =
    <A extends unknown[], R>(name: string, fallback: R, handler: (...args: A) => R) =>
    (...args: A): R => {
      try {
        return handler(...args);
      } catch (e) {
        log(`CAP Lens ${name} failed`, e);
        return fallback;
      }
    };

  function stateOf(doc: TextDocument): DocumentState {
    let state = states.get(doc.uri);
    if (!state) {
      state = {
        designs: new DocumentDesigns(isMarkdownDocument(doc), EDITOR_ANALYSIS),
        published: 0,
        runs: new Set(),
        touched: 0,
      };
      states.set(doc.uri, state);
    }
    return state;
  }

  /** The designs of the document's current text (analysed now if the cached ones are older): one for a *.cap.yaml. */
  /** The design at `offset` (for Markdown, the one whose fence holds it), through analysisOf's bookkeeping. */
  function designAt(doc: TextDocument, offset: number): DesignView | undefined {
    analysisOf(doc);
    return stateOf(doc).designs.at(doc, offset);
  }

  function analysisOf(doc: TextDocument): DesignView[] {
    const state = stateOf(doc);
    state.touched = ++clock;
    const views = state.designs.of(doc);
    if (state.analysed !== doc.version) {
      state.analysed = doc.version;
      trimCaches();
    }
    return views;
  }

  /** Drops the analysis caches of all but the MAX_CACHED_ANALYSES documents touched last. */
  function trimCaches(): void {
    const cached = [...states.values()].filter((s) => s.analysed !== undefined);
    if (cached.length <= MAX_CACHED_ANALYSES) return;
    cached.sort((a, b) => b.touched - a.touched);
    for (const s of cached.slice(MAX_CACHED_ANALYSES)) {
      s.designs = new DocumentDesigns(s.designs.markdown, EDITOR_ANALYSIS);
      s.analysed = undefined;
      s.shown = undefined;
      s.fixes = undefined;
    }
  }

  /**
   * The document's findings: its designs' analyses, plus their scenarios' findings for the runs that have
   * finished. The runs still missing are asked of the ScenarioRunner, which republishes when each is done.
   */
  function findingsOf(doc: TextDocument, designs: readonly DesignView[]): Finding[] {
    const runs: ScenarioRun[] = [];
    const judged: Finding[] = [];
    for (const view of designs) {
      const { design, analyses, syntaxBroken } = view.result;
      if (syntaxBroken || !design.scenarios) continue;
      const plan = planScenarios(design, analyses);
      runs.push(...plan.runs);
      const outcomes = new Map<string, RunOutcome>();
      for (const r of plan.runs) {
        const outcome = scenarios.outcome(r.key);
        if (outcome) outcomes.set(r.key, outcome);
      }
      const own = [...plan.findings, ...plan.judge(outcomes)];
      judged.push(...(view.markdown ? placeFindings(view.markdown, own) : own));
    }
    stateOf(doc).runs = new Set(runs.map((r) => r.key));
    scenarios.request(doc.uri, runs);
    return judged.length ? [...designs.flatMap((v) => v.findings), ...judged].sort(byPosition) : documentFindings(designs);
  }

  function overridesFor(uri: string): RuleSeverityOverrides {
    return { ...(options.fileRules?.(uri, workspaceFolders) ?? {}), ...settings.rules };
  }

  function publish(uri: string, version: number): void {
    const current = documents.get(uri);
    // The document object is updated in place, so compare with the version this publish was scheduled for.
    if (!current || current.version !== version) return; // a newer edit has scheduled its own publish
    if (current.languageId === HISTORY_LANGUAGE) {
      void connection.sendDiagnostics({
        uri: current.uri,
        version: current.version,
        diagnostics: histories.diagnostics(current),
      });
      return;
    }
    const state = stateOf(current);
    const designs = analysisOf(current);
    // Markdown that has never held a design: nothing to say, not even an empty list.
    if (designs.length === 0 && state.published === 0) return;
    const findings = findingsOf(current, designs);
    state.shown = { version, findings };
    // Code actions find a diagnostic's finding by rule and range (in `shown`), so a diagnostic carries no
    // version: an unchanged finding keeps the very diagnostic object it had, and converting is skipped.
    const { diagnostics, total } = diagnosticsOf(current, findings);
    state.published = total;
    void connection.sendDiagnostics({ uri: current.uri, version: current.version, diagnostics });
  }

  /** What is published for `findings`: at most MAX_PUBLISHED_DIAGNOSTICS, converted after the cut. */
  function diagnosticsOf(doc: TextDocument, findings: readonly Finding[]): { diagnostics: Diagnostic[]; total: number } {
    const overrides = overridesFor(doc.uri);
    const { kept, total } = findingsToPublish(findings, overrides);
    const diagnostics = converted.convert(doc, kept, overrides);
    if (total > kept.length) diagnostics.push(summaryDiagnostic(kept.length, total));
    return { diagnostics, total };
  }

  /**
   * An analysis that throws must not leave the previous version's diagnostics on screen as if they were
   * current: they are replaced by one error on line 1 saying checking stopped, and the stack goes to the
   * output channel. The analyzer starts afresh, so the next edit is checked from scratch.
   */
  function publishFailure(uri: string, version: number, e: unknown): void {
    log(`CAP Lens could not check ${uri}`, e);
    const state = states.get(uri);
    if (state) {
      state.designs = new DocumentDesigns(state.designs.markdown, EDITOR_ANALYSIS);
      state.analysed = undefined;
      state.shown = undefined;
    }
    const current = documents.get(uri);
    if (!current || current.version !== version) return;
    const firstLine = current
      .getText({ start: { line: 0, character: 0 }, end: { line: 1, character: 0 } })
      .replace(/[\r\n]+$/, '');
    const reason = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    void connection.sendDiagnostics({
      uri,
      version,
      diagnostics: [
        {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: firstLine.length } },
          severity: DiagnosticSeverity.Error,
          source: SOURCE,
          message: `CAP Lens could not check this file: an internal error stopped the analysis (${reason.slice(0, 200)}). Earlier findings were removed because they may no longer hold; the details are in the CAP Lens output channel. Please report this.`,
        },
      ],
    });
  }

  /**
   * A design just opened: when it is large, the findings of its first screenful's entries go out at once, then
   * the full check is scheduled; otherwise (or when the head cannot be split off safely) the full check.
   */
  function publishOpened(uri: string, version: number): void {
    const current = documents.get(uri);
    if (!current || current.version !== version) return;
    stateOf(current).opened = true;
    const head =
      current.languageId !== HISTORY_LANGUAGE && current.getText().length > HEAD_FROM_CHARS
        ? stateOf(current).designs.head(current, HEAD_CHARS)
        : undefined;
    if (!head) return publish(uri, version);
    void connection.sendDiagnostics({ uri, version, diagnostics: diagnosticsOf(current, head).diagnostics });
    schedule(current, 0);
  }

  /** Publishes `doc` after `delay` ms unless a newer schedule replaces it; the first publish of a document is its open's. */
  function schedule(doc: TextDocument, delay: number): void {
    const state = stateOf(doc);
    if (state.timer) clearTimeout(state.timer);
    const version = doc.version;
    // Whatever asks first (the open, a settings refresh, a file event), a document's first publish is the open's.
    const run = state.opened ? publish : publishOpened;
    state.timer = setTimeout(() => {
      state.timer = undefined;
      try {
        run(doc.uri, version);
      } catch (e) {
        publishFailure(doc.uri, version, e);
      }
    }, delay);
  }

  connection.onInitialize((params): InitializeResult => {
    options.onInitialize?.(params);
    pullsConfiguration = !!params.capabilities.workspace?.configuration;
    workspaceFolders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    settings = parseClientSettings((params.initializationOptions as { settings?: unknown } | undefined)?.settings);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [':', ' '], resolveProvider: false },
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        codeLensProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
      },
      serverInfo: { name: 'CAP Lens', version: VERSION },
    };
  });

  connection.onInitialized(() => {
    if (pullsConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'capLens' }).catch(() => undefined);
      void refreshSettings();
    }
  });

  async function refreshSettings(): Promise<void> {
    try {
      settings = parseClientSettings(await connection.workspace.getConfiguration('capLens'));
    } catch (e) {
      log('CAP Lens could not read settings', e);
    }
    for (const doc of documents.all()) schedule(doc, 0);
  }

  connection.onDidChangeConfiguration((change) => {
    if (pullsConfiguration) void refreshSettings();
    else {
      settings = parseClientSettings((change.settings as { capLens?: unknown } | undefined)?.capLens);
      for (const doc of documents.all()) schedule(doc, 0);
    }
  });

  // A `.caplens.yaml` changed (the client watches them): severities may differ for every open design.
  connection.onDidChangeWatchedFiles(() => {
    for (const doc of documents.all()) schedule(doc, 0);
  });

  // TextDocuments reports an open as a content change too: a document never published yet was just opened.
  documents.onDidChangeContent((e) => schedule(e.document, stateOf(e.document).opened ? settings.diagnosticsDelay : 0));
  documents.onDidSave((e) => schedule(e.document, 0));
  documents.onDidClose((e) => {
    const state = states.get(e.document.uri);
    if (state?.timer) clearTimeout(state.timer);
    states.delete(e.document.uri);
    histories.forget(e.document.uri);
    scenarios.forget(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  /**
   * A fix leaves the server only if its result parses, keeps every comment and edits no aliased node. It is
   * checked on the text of the design it belongs to (for Markdown, the design's text keeps the file's offsets).
   */
  function verifierOf(doc: TextDocument, offset: number): FixVerifier | undefined {
    const state = stateOf(doc);
    const view = designAt(doc, offset);
    if (!view) return undefined;
    if (state.fixes?.version !== doc.version) state.fixes = { version: doc.version, verifiers: new Map() };
    let verifier = state.fixes.verifiers.get(view.text);
    if (!verifier) state.fixes.verifiers.set(view.text, (verifier = new FixVerifier(view.text)));
    return verifier;
  }

  const withDoc = <R>(uri: string, fallback: R, f: (doc: TextDocument, designs: DesignView[]) => R): R => {
    const doc = documents.get(uri);
    return doc && doc.languageId !== HISTORY_LANGUAGE ? f(doc, analysisOf(doc)) : fallback;
  };

  // The counterexample of a history, for the client's "Show History Timeline" (null: not an open history).
  connection.onRequest(
    HISTORY_VIEW_REQUEST,
    guard('historyView', null, (params: { uri?: unknown }) => {
      const doc = typeof params?.uri === 'string' ? documents.get(params.uri) : undefined;
      return doc && doc.languageId === HISTORY_LANGUAGE ? histories.view(doc) : null;
    }),
  );

  /** Runs `f` on the design at `position`; in a Markdown file, only inside a design fence. */
  const atPosition = <R>(
    uri: string,
    position: { line: number; character: number },
    fallback: R,
    f: (doc: TextDocument, design: DesignView, offset: number) => R,
  ): R => {
    const doc = documents.get(uri);
    const offset = doc?.offsetAt(position) ?? 0;
    const design = doc && doc.languageId !== HISTORY_LANGUAGE ? designAt(doc, offset) : undefined;
    return doc && design ? f(doc, design, offset) : fallback;
  };

  connection.onHover(
    guard('hover', null, (params) =>
      atPosition(params.textDocument.uri, params.position, null, (doc, { result, text }, offset) => {
        const hover = hoverAt(result, text, offset);
        return hover ? { contents: { kind: MarkupKind.Markdown, value: hover.markdown }, range: toRange(doc, hover.span) } : null;
      }),
    ),
  );

  connection.onCompletion(
    guard('completion', [], (params) =>
      atPosition(params.textDocument.uri, params.position, [], (doc, { result, text }, offset) =>
        completionsAt(result, text, offset).map((c) => ({
          label: c.label,
          kind:
            c.kind === 'key'
              ? CompletionItemKind.Property
              : c.kind === 'reference'
                ? CompletionItemKind.Reference
                : CompletionItemKind.EnumMember,
          detail: c.detail,
          documentation: c.documentation ? { kind: MarkupKind.Markdown, value: c.documentation } : undefined,
          insertTextFormat: InsertTextFormat.PlainText,
          ...(c.replace ? { textEdit: { range: toRange(doc, c.replace), newText: c.insertText } } : { insertText: c.insertText }),
        })),
      ),
    ),
  );

  connection.onDefinition(
    guard('definition', null, (params) =>
      atPosition(params.textDocument.uri, params.position, null, (doc, { result }, offset) => {
        const at = symbolAt(result, offset);
        const decl = at && locationsOf(result, at.symbol).declaration;
        return decl ? { uri: doc.uri, range: toRange(doc, decl) } : null;
      }),
    ),
  );

  connection.onReferences(
    guard('references', [], (params) =>
      atPosition(params.textDocument.uri, params.position, [], (doc, { result }, offset) => {
        const at = symbolAt(result, offset);
        if (!at) return [];
        const locs = locationsOf(result, at.symbol);
        const spans = [...(params.context.includeDeclaration && locs.declaration ? [locs.declaration] : []), ...locs.references];
        return spans.map((span) => ({ uri: doc.uri, range: toRange(doc, span) }));
      }),
    ),
  );

  connection.onPrepareRename(
    guard('prepareRename', null, (params) =>
      atPosition(params.textDocument.uri, params.position, null, (doc, { result }, offset) => {
        const at = symbolAt(result, offset);
        return at ? { range: toRange(doc, at.span), placeholder: at.symbol.name } : null;
      }),
    ),
  );

  connection.onRenameRequest((params) => {
    try {
      return atPosition(params.textDocument.uri, params.position, null, (doc, { result }, offset) => {
        const edits = renameEdits(result, offset, params.newName);
        if (!edits) return null;
        if ('error' in edits) throw new ResponseError(-32602, edits.error);
        return {
          documentChanges: [
            {
              textDocument: { uri: doc.uri, version: doc.version },
              edits: edits.edits.map((e) => ({ range: toRange(doc, e.span), newText: e.newText })),
            },
          ],
        };
      });
    } catch (e) {
      if (e instanceof ResponseError) return e;
      log('CAP Lens rename failed', e);
      return null;
    }
  });

  connection.onDocumentSymbol(
    guard('documentSymbol', [], (params) =>
      withDoc(params.textDocument.uri, [] as DocumentSymbol[], (doc, designs) => {
        const kinds: Record<OutlineNode['kind'], SymbolKind> = {
          system: SymbolKind.Package,
          section: SymbolKind.Namespace,
          datastore: SymbolKind.Struct,
          component: SymbolKind.Class,
          region: SymbolKind.EnumMember,
        };
        const convert = (n: OutlineNode): DocumentSymbol => ({
          name: n.name,
          detail: n.detail,
          kind: kinds[n.kind],
          range: toRange(doc, n.span),
          selectionRange: toRange(doc, n.selection),
          children: n.children.map(convert),
        });
        return designs.flatMap(({ result }) => outline(result).map(convert));
      }),
    ),
  );

  connection.onCodeLens(
    guard('codeLens', [] as CodeLens[], (params) =>
      withDoc(params.textDocument.uri, [] as CodeLens[], (doc, designs) =>
        designs.flatMap(({ result }, design) =>
          codeLenses(result).map((lens) => ({
            range: toRange(doc, lens.span),
            command: lens.action
              ? // A design's index is passed only where a file holds several.
                {
                  title: '$(play) Simulate',
                  command: 'capLens.openSimulator',
                  arguments: [doc.uri, lens.action.datastore, ...(design ? [design] : [])],
                }
              : { title: lens.title, command: '' },
          })),
        ),
      ),
    ),
  );

  connection.onCodeAction(
    guard('codeAction', [] as CodeAction[], (params) =>
      withDoc(params.textDocument.uri, [] as CodeAction[], (doc, designs) => {
        // VS Code asks on every cursor move, mostly with no diagnostic of ours in the context.
        const ours = params.context.diagnostics.filter((d) => d.source === SOURCE);
        if (ours.length === 0) return [];
        const shown = stateOf(doc).shown;
        const findings = shown?.version === doc.version ? shown.findings : findingsOf(doc, designs);
        const overrides = overridesFor(doc.uri);
        const actions: CodeAction[] = [];
        for (const diagnostic of ours) {
          // The finding with the same rule at the same range in the current analysis (and so its fixes).
          const found = findings.find((f) => f.rule === diagnostic.code && sameRange(toRange(doc, f.span), diagnostic.range));
          const severity = found && severityOf(found.rule, overrides);
          if (!found || !severity || severity === 'off') continue;
          const match = { ...found, severity };
          const verifier = verifierOf(doc, match.span.start);
          actions.push(
            ...toQuickFixes(
              doc,
              { ...match, fixes: verifier ? match.fixes.filter((fix) => verifier.check(fix).ok) : [] },
              diagnostic,
            ),
          );
        }
        return actions;
      }),
    ),
  );

  const simulatorModels = new WeakMap<AnalysisResult, { version: number; focus: string | null; result: SimulatorModelResult }>();
  connection.onRequest(
    SIMULATOR_MODEL_METHOD,
    guard('simulatorModel', null, (params: SimulatorModelParams): SimulatorModelResult | null =>
      withDoc(params.uri, null, (doc, designs) => {
        const design = designs[params.design ?? 0];
        if (!design) return null;
        const name = decodeURIComponent(doc.uri.slice(doc.uri.lastIndexOf('/') + 1));
        // Focused on the datastore the panel shows; asked again after every edit: one per analysis, version and datastore.
        const focus = typeof params.datastore === 'string' ? params.datastore : null;
        const cached = simulatorModels.get(design.result);
        if (cached?.version === doc.version && cached.focus === focus) return cached.result;
        const model = buildSimulatorModel(
          design.text,
          { uri: doc.uri, fileName: name, version: doc.version },
          design.result,
          focus,
        );
        const result = { model, syntaxBroken: design.result.syntaxBroken };
        simulatorModels.set(design.result, { version: doc.version, focus, result });
        return result;
      }),
    ),
  );

  connection.onRequest(
    REVEAL_RANGE_METHOD,
    guard(
      'revealRange',
      null,
      (params: RevealRangeParams): RevealRangeResult =>
        withDoc(params.uri, null, (_doc, designs) =>
          designs[params.design ?? 0] ? (findRevealRange(params.target, designs[params.design ?? 0].result) ?? null) : null,
        ),
    ),
  );

  connection.onShutdown(() => {
    scenarios.dispose();
    for (const state of states.values()) if (state.timer) clearTimeout(state.timer);
  });

  documents.listen(connection);
  connection.listen();
  return {
    republish: () => {
      for (const doc of documents.all()) schedule(doc, 0);
    },
  };
}
