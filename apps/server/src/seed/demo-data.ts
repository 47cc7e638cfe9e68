// A real-looking county for the demo: 甘肃省张掖市甘州区 with three townships (codes follow GB/T 2260).
export const DEMO_PASSWORD = "fengqiao2026";

export const DEMO_REGIONS: { code: string; name: string; households?: number }[][] = [
  [{ code: "620000", name: "甘肃省" }],
  [{ code: "620700", name: "张掖市" }],
  [{ code: "620702", name: "甘州区" }],
  [
    { code: "620702100", name: "梁家墩镇" },
    { code: "620702101", name: "上秦镇" },
    { code: "620702001", name: "东街街道" },
  ],
];

export const DEMO_VILLAGES: Record<string, { code: string; name: string }[]> = {
  "620702100": [
    { code: "620702100201", name: "梁家墩村" },
    { code: "620702100202", name: "刘家沟村" },
    { code: "620702100203", name: "五号村" },
  ],
  "620702101": [
    { code: "620702101201", name: "徐赵寨村" },
    { code: "620702101202", name: "金家湾村" },
  ],
  "620702001": [
    { code: "620702001001", name: "南关社区" },
    { code: "620702001002", name: "西街社区" },
  ],
};

export const DEMO_UNITS = [
  { key: "county_center", kind: "center", name: "甘州区综治中心", region: "620702", stationing: null },
  { key: "hrss", kind: "department", name: "区人社局（劳动监察）", region: "620702", stationing: "rotating" },
  { key: "housing", kind: "department", name: "区住建局", region: "620702", stationing: "on_call" },
  { key: "ljd_center", kind: "center", name: "梁家墩镇综治中心", region: "620702100", stationing: null },
  {
    key: "ljd_justice",
    kind: "justice_office",
    name: "梁家墩司法所",
    region: "620702100",
    stationing: "resident",
  },
  {
    key: "ljd_police",
    kind: "police_station",
    name: "梁家墩派出所",
    region: "620702100",
    stationing: "resident",
  },
  {
    key: "ljd_court",
    kind: "court",
    name: "甘州区法院梁家墩法庭",
    region: "620702100",
    stationing: "resident",
  },
  { key: "ljd_gov", kind: "government", name: "梁家墩镇党委政府", region: "620702100", stationing: null },
  {
    key: "v201_committee",
    kind: "mediation_committee",
    name: "梁家墩村人民调解委员会",
    region: "620702100201",
    stationing: null,
  },
] as const;

export const DEMO_USERS = [
  { username: "admin", displayName: "系统管理员", roles: ["admin"], region: "620702", unit: "county_center" },
  { username: "leader", displayName: "王区长", roles: ["leader"], region: "620702", unit: null },
  {
    username: "hotline",
    displayName: "12345 话务员 李敏",
    roles: ["center_staff"],
    region: "620702",
    unit: "county_center",
  },
  {
    username: "dept",
    displayName: "人社局 赵强",
    roles: ["department_handler"],
    region: "620702",
    unit: "hrss",
  },
  {
    username: "township",
    displayName: "梁家墩镇 陈书记",
    roles: ["township_leader"],
    region: "620702100",
    unit: "ljd_gov",
  },
  {
    username: "center",
    displayName: "梁家墩镇综治中心 刘洋",
    roles: ["center_staff"],
    region: "620702100",
    unit: "ljd_center",
  },
  {
    username: "cadre",
    displayName: "梁家墩村 张书记",
    roles: ["village_cadre"],
    region: "620702100201",
    unit: "v201_committee",
  },
  {
    username: "mediator",
    displayName: "调解员 马大姐",
    roles: ["mediator"],
    region: "620702100201",
    unit: "v201_committee",
  },
  {
    username: "police",
    displayName: "驻村民警 杨警官",
    roles: ["police"],
    region: "620702100201",
    unit: "ljd_police",
  },
  {
    username: "grid",
    displayName: "网格员 周丽",
    roles: ["grid_worker"],
    region: "620702100201001",
    unit: null,
  },
  {
    username: "grid2",
    displayName: "网格员 孙伟",
    roles: ["grid_worker"],
    region: "620702100201002",
    unit: null,
  },
] as const;

export const DEMO_CASES: { title: string; description: string; category: string; channel: string }[] = [
  {
    title: "邻居加盖彩钢房挡光",
    description: "三组村民反映邻居加盖彩钢房遮挡自家采光，双方多次争吵。",
    category: "neighbour",
    channel: "grid",
  },
  {
    title: "宅基地界址纠纷",
    description: "两户村民因宅基地界墙位置发生争执，涉及约半米土地。",
    category: "housing_homestead",
    channel: "walk_in",
  },
  {
    title: "农民工工资拖欠",
    description: "某建筑工地拖欠12名农民工工资共计18万元，工人情绪激动。",
    category: "labour",
    channel: "hotline",
  },
  {
    title: "养殖场异味扰民",
    description: "村东养殖场粪污处理不当，夏季异味严重，周边居民投诉。",
    category: "pollution",
    channel: "qr",
  },
  {
    title: "婚后彩礼返还争议",
    description: "男女双方离婚后就彩礼返还数额发生争议，女方家长到村委会反映。",
    category: "marriage_family",
    channel: "walk_in",
  },
  {
    title: "土地流转合同到期未续",
    description: "合作社土地流转合同到期后未续签也未归还土地，涉及8户村民。",
    category: "contract",
    channel: "grid",
  },
  {
    title: "小区物业费上涨",
    description: "南关社区某小区物业公司单方面上调物业费，业主集体反对。",
    category: "property_mgmt",
    channel: "online",
  },
  {
    title: "电动车碰撞致人受伤",
    description: "村道上电动车与行人相撞，伤者住院，双方对赔偿金额有争议。",
    category: "traffic",
    channel: "referral",
  },
  {
    title: "灌溉用水分配矛盾",
    description: "春灌期间上下游两个村民小组因轮灌顺序发生争执。",
    category: "forest_land",
    channel: "grid",
  },
  {
    title: "赡养老人费用分担",
    description: "三兄妹对母亲赡养费分担有分歧，老人到村委会求助。",
    category: "marriage_family",
    channel: "walk_in",
  },
  {
    title: "装修噪音扰民",
    description: "楼上住户夜间装修，楼下老人无法休息，多次沟通无果。",
    category: "neighbour",
    channel: "hotline",
  },
  {
    title: "购买农资质量问题",
    description: "村民购买的玉米种子出苗率低，要求经销商赔偿损失。",
    category: "consumer",
    channel: "qr",
  },
  {
    title: "景区停车收费纠纷",
    description: "游客反映景区周边私人停车场乱收费，与管理人员发生口角。",
    category: "tourism",
    channel: "qr",
  },
  {
    title: "村集体收益分配",
    description: "部分村民对村集体经济收益分配方案有意见，要求公开账目。",
    category: "village_affairs",
    channel: "walk_in",
  },
  {
    title: "医疗费用争议",
    description: "患者家属认为镇卫生院收费不合理并存在延误，要求说法。",
    category: "medical",
    channel: "hotline",
  },
  {
    title: "民间借贷到期不还",
    description: "村民借给同村人5万元用于养殖，到期后对方拒不归还。",
    category: "finance",
    channel: "walk_in",
  },
];
