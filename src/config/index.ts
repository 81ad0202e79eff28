// Jailhouse-compatible configuration: the binary .cell format (read, write,
// validate), YAML/JSON authoring compiled to it, and the cross-config checker.

export * from './types.js';
export { ConfigError, type ConfigErrorInit } from './errors.js';
export { readCellConfig, readSystemConfig, configKind } from './read.js';
export { writeCellConfig, writeSystemConfig } from './write.js';
export { buildConfig, compileConfig, parseNumber } from './yaml.js';
export { checkConfigs, checkConfigFiles, loadConfig, formatFinding, type Named } from './check.js';
export { configJsonSchema, configJsonSchemaText } from './schema.js';
export { configToSource } from './dump.js';
export * as abi from './abi.js';
export * as layout from './layout.js';
export { cellConfigSize, systemConfigSize, CELL_DESC_SIZE, SYSTEM_SIZE } from './layout.js';
export { configCommand, CONFIG_USAGE, type CommandIo } from './command.js';
