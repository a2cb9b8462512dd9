// Types for test/runner/compile-integration.mjs, for the TypeScript unit test of the runners.
export const integrationOutDir: string;
export const integrationTestsPath: string;
export function integrationLaunch(): { extensionDevelopmentPath: string; extensionTestsPath: string };
export function electronRunOptions(opts: { workspace: string; version: string; vscodeExecutablePath?: string; locale?: string; timeout?: number }): {
  version: string; vscodeExecutablePath?: string; timeout?: number; extensionDevelopmentPath: string; extensionTestsPath: string; launchArgs: string[];
};
export function compileIntegrationSuite(): Promise<number>;
export function integrationWorkspace(): string;
