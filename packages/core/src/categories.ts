// Two families of case: 事件类 are the public-service requests a 码上反映 / 小兰帮办 poster mostly
// receives (a pothole, rubbish, a burst pipe); 矛盾纠纷类 are disputes between people. Statistics keep
// them apart: the Ministry of Justice's mediation figures count disputes only.
export const CATEGORY_FAMILIES = [
  { code: "incident", zh: "事件类", en: "Public-service request" },
  { code: "dispute", zh: "矛盾纠纷类", en: "Dispute" },
] as const;
export type CategoryFamily = (typeof CATEGORY_FAMILIES)[number]["code"];
export const CATEGORY_FAMILY_CODES = CATEGORY_FAMILIES.map((f) => f.code) as [
  CategoryFamily,
  ...CategoryFamily[],
];

// 矛盾纠纷类型 (level 1), as in the Ministry of Justice's mediation statistics, then the 事件类
// request kinds. Codes are stored on cases: never rename one. Level-2 codes are local.
export const CATEGORIES = [
  { code: "marriage_family", family: "dispute", zh: "婚姻家庭", en: "Marriage and family" },
  { code: "neighbour", family: "dispute", zh: "邻里", en: "Neighbours" },
  { code: "housing_homestead", family: "dispute", zh: "房屋宅基地", en: "Housing and homestead" },
  { code: "contract", family: "dispute", zh: "合同", en: "Contract" },
  { code: "business", family: "dispute", zh: "生产经营", en: "Production and business" },
  { code: "damages", family: "dispute", zh: "损害赔偿", en: "Compensation for damage" },
  { code: "forest_land", family: "dispute", zh: "山林土地", en: "Forest and land" },
  { code: "land_acquisition", family: "dispute", zh: "征地拆迁", en: "Land acquisition and demolition" },
  { code: "pollution", family: "dispute", zh: "环境污染", en: "Environmental pollution" },
  { code: "labour", family: "dispute", zh: "劳动争议", en: "Labour dispute (incl. unpaid wages)" },
  { code: "consumer", family: "dispute", zh: "消费", en: "Consumer" },
  { code: "medical", family: "dispute", zh: "医疗", en: "Medical" },
  { code: "traffic", family: "dispute", zh: "道路交通事故", en: "Road traffic accident" },
  { code: "property_mgmt", family: "dispute", zh: "物业", en: "Property management" },
  { code: "village_affairs", family: "dispute", zh: "村务管理", en: "Village affairs" },
  { code: "finance", family: "dispute", zh: "金融", en: "Finance" },
  { code: "tourism", family: "dispute", zh: "旅游", en: "Tourism" },
  { code: "other", family: "dispute", zh: "其他", en: "Other" },
  { code: "road_facilities", family: "incident", zh: "道路交通设施", en: "Roads, lights and signs" },
  { code: "sanitation", family: "incident", zh: "环境卫生", en: "Sanitation and rubbish" },
  { code: "utilities", family: "incident", zh: "水电气暖", en: "Water, power, gas and heating" },
  { code: "public_order", family: "incident", zh: "治安秩序", en: "Public order and safety" },
  { code: "public_services", family: "incident", zh: "公共服务", en: "Public services" },
  { code: "city_appearance", family: "incident", zh: "城市管理（市容）", en: "Streets and city appearance" },
  { code: "other_incident", family: "incident", zh: "其他事件", en: "Other request" },
] as const satisfies readonly { code: string; family: CategoryFamily; zh: string; en: string }[];
export type CategoryCode = (typeof CATEGORIES)[number]["code"];
export const CATEGORY_CODES = CATEGORIES.map((c) => c.code) as [CategoryCode, ...CategoryCode[]];

/**
 * Categories whose agreements may settle a marriage, an adoption or a personal identity — matters a
 * court will not confirm (司法确认, judicial-confirmation.ts). The mediator must say, for each such
 * agreement, whether it does (a 赡养费 or property agreement in a family still can be confirmed).
 */
export const STATUS_MATTER_CATEGORIES: readonly CategoryCode[] = ["marriage_family"];
export const mayConcernPersonalStatus = (code: string): boolean =>
  (STATUS_MATTER_CATEGORIES as readonly string[]).includes(code);

/** The family of a stored category code; an unknown code (none should exist) counts as a dispute. */
export function categoryFamily(code: string): CategoryFamily {
  return CATEGORIES.find((c) => c.code === code)?.family ?? "dispute";
}

/** The category codes of one family, e.g. for a SQL `= ANY(...)`. */
export function categoriesOf(family: CategoryFamily): CategoryCode[] {
  return CATEGORIES.filter((c) => c.family === family).map((c) => c.code);
}

// 一站式窗口 七项服务.
export const SERVICES = [
  { code: "petition", zh: "信访接待", en: "Petition reception" },
  { code: "mediation", zh: "多元调解", en: "Mediation" },
  { code: "legal", zh: "法律服务", en: "Legal service" },
  { code: "counselling", zh: "心理疏导", en: "Counselling" },
  { code: "fast_trial", zh: "速裁快审", en: "Fast-track trial" },
  { code: "judicial_confirmation", zh: "司法确认", en: "Judicial confirmation" },
  { code: "supervision", zh: "交办督办", en: "Assignment and supervision" },
] as const;
export type ServiceCode = (typeof SERVICES)[number]["code"];
export const SERVICE_CODES = SERVICES.map((s) => s.code) as [ServiceCode, ...ServiceCode[]];

// Doors a case comes through.
export const CHANNELS = [
  { code: "walk_in", zh: "来访（一站式窗口）", en: "Walk-in" },
  { code: "hotline", zh: "热线", en: "Hotline" },
  { code: "grid", zh: "网格员上报", en: "Grid worker" },
  { code: "qr", zh: "码上反映", en: "QR code" },
  { code: "online", zh: "网上报事", en: "Online" },
  { code: "referral", zh: "三调对接转入", en: "Referral" },
] as const;
export type ChannelCode = (typeof CHANNELS)[number]["code"];
export const CHANNEL_CODES = CHANNELS.map((c) => c.code) as [ChannelCode, ...ChannelCode[]];

export const UNIT_KINDS = [
  { code: "center", zh: "综治中心", en: "Governance center" },
  { code: "department", zh: "职能部门", en: "Department" },
  { code: "mediation_committee", zh: "调解委员会", en: "Mediation committee" },
  { code: "village_committee", zh: "村（居）委会", en: "Village committee" },
  { code: "police_station", zh: "派出所", en: "Police station" },
  { code: "court", zh: "法庭", en: "Court" },
  { code: "justice_office", zh: "司法所", en: "Justice office" },
  { code: "petition_office", zh: "信访办", en: "Petition office" },
  { code: "government", zh: "乡镇党委政府", en: "Township government" },
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number]["code"];
export const UNIT_KIND_CODES = UNIT_KINDS.map((k) => k.code) as [UnitKind, ...UnitKind[]];
