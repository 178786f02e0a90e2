// Entry point of the simulator webview bundle (dist/webview.js, with its stylesheet dist/webview.css).

import { App, type VsCodeApi } from './app';
import { HistoryApp } from './history-view';
import './styles.css';

declare function acquireVsCodeApi(): VsCodeApi;

// One bundle, two pages: the simulator of a design, or the counterexample view of a Jepsen history.
const root = document.getElementById('app');
if (root?.dataset.view === 'history') new HistoryApp(acquireVsCodeApi(), root);
else if (root) new App(acquireVsCodeApi(), root);
