// The version `cap-lens --version` and SARIF report: package.json's, inlined by the bundler.

import { version } from '../../../package.json';

export const VERSION: string = version;
