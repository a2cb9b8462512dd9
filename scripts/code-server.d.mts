// Types for scripts/code-server.mjs, so the TypeScript e2e harness can use it under tsconfig.test.json.
import type { Browser } from 'playwright-core';

export const repoRoot: string;
export const HOST: '127.0.0.1';
export const CHROMIUM: string;
export const CHROMIUM_ARGS: string[];
export function onCleanup(fn: () => unknown): () => Promise<void>;
export function runCleanups(): Promise<void>;
export function interrupted(): boolean;
export function waitFor<T>(what: string, probe: () => T | Promise<T>, opts: { timeoutMs: number; intervalMs?: number }): Promise<NonNullable<T>>;
export function freePort(preferred?: number): Promise<number>;
export function tempDir(prefix: string): string;
export function copyWorkspace(source: string): string;
export interface CodeServer { port: number; url: string; userDataDir: string; extensionsDir: string; stop(): Promise<void>; exited: Promise<number | string>; output(): string }
export function startCodeServer(opts: {
  port: number; workspace?: string; env?: Record<string, string>; settings?: Record<string, unknown>;
  userDataDir?: string; extensionsDir?: string; log?: (m: string) => void; timeoutMs?: number;
}): Promise<CodeServer>;
export function workbenchUrl(opts: { port: number; folder?: string; extensionDevelopmentPath?: string; extensionTestsPath?: string }): string;
export function launchChromium(opts?: { headless?: boolean }): Promise<Browser>;
export function buildExtension(opts?: { production?: boolean }): Promise<void>;
export function runNode(args: string[], what: string, opts?: { timeoutMs?: number; env?: Record<string, string> }): Promise<void>;
