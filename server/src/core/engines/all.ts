// Every engine module, in the order the README's engine table lists them: leaderless stores first, then
// multi-region services, leader-based stores, and consensus stores.

import { cassandra } from './cassandra';
import type { Engine } from './engine';

export const ENGINES: readonly Engine[] = [cassandra];
