// 多元调解 → 调解协议书 → 司法确认: one export line in index.ts for the three procedure modules.
export * from "./agreements";
export * from "./judicial-confirmation";
export * from "./mediation";
export * from "./mediation-views";
