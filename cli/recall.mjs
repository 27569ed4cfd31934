#!/usr/bin/env node
// The `recall` command (package.json "bin"): the TypeScript entry runs through tsx, which the
// console already depends on, so there is no build step between a checkout and `npx recall`.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
