// Kept in step with package.json by a unit test (a JSON import would resolve differently in the
// tsc output and in the bundles).
export const TOOL_VERSION = '0.1.0';
