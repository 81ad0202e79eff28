// The boards this machine model knows.

import type { BoardSpec } from './board.js';
import { QEMU_ARM } from './qemu-arm.js';
import { BANANAPI } from './bananapi.js';

export const BOARDS: Record<string, BoardSpec> = {
  'qemu-arm': QEMU_ARM,
  bananapi: BANANAPI,
};
