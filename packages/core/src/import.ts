// 导入 county onboarding: the sheets, their checks and the row-by-row validation (issue 12).
export * from "./import-checks";
export * from "./import-reporter";
export * from "./import-sheets";
export * from "./import-types";
export * from "./import-validate";
