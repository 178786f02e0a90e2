// Entry point of the simulator webview bundle (dist/webview.js, with its stylesheet dist/webview.css).

import { App, type VsCodeApi } from './app';
import './styles.css';

declare function acquireVsCodeApi(): VsCodeApi;

const root = document.getElementById('app');
if (root) new App(acquireVsCodeApi(), root);
