/** Staff roles; a user may hold several. Citizens are not users: they follow cases by code. */
export const ROLES = [
  "grid_worker", // 网格员
  "village_cadre", // 村(居)书记/主任
  "mediator", // 人民调解员
  "police", // 驻村(社区)民警
  "center_staff", // 综治中心工作人员
  "township_leader", // 乡镇党委政府 — makes the 拍板 decision
  "department_handler", // 入驻部门经办人
  "leader", // 领导: read-only supervision and statistics
  "admin", // 系统管理员
] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  userId: string;
  roles: Role[];
  /** Materialized path of the region the user answers for; jurisdiction is its subtree. */
  regionPath: string;
  unitId: string | null;
}
