// 有事找警察 and 旅游警务 console words (issue 12).

export const zh = {
  tour: {
    nav: "驻村与旅游警务",
    myQueue: "我的治安案件（驻村民警）",
    routedToMe: "已分派给我",
    officers: "驻村民警设置",
    officersHint:
      "每村一名驻村民警；治安类新案件（治安秩序、道路交通事故）自动分派给本村驻村民警。民警所属辖区须包含该村。",
    village: "村（社区）",
    officer: "驻村民警",
    none: "未设置",
    posts: "旅游警务室",
    onDutyToday: "今日执勤",
    notRostered: "今日未排班",
    waiting: "待响应游客求助 {{n}} 件",
    roster: "执勤排班",
    from: "起始日期",
    days: "天数",
    proposal: "建议 {{n}} 人",
    lastYear: "去年同周报事 {{n}} 件",
    officersN: "警力",
    names: "执勤民警（逗号分隔）",
    note: "备注",
    save: "保存排班",
    print: "打印执勤表",
    pickPost: "选择警务室",
  },
};

export const en = {
  tour: {
    nav: "Village & tourism police",
    myQueue: "My public-order cases (resident officer)",
    routedToMe: "Assigned to me",
    officers: "Resident officers",
    officersHint:
      "One resident officer per village; new public-order cases (public order, road accidents) go to the village's officer. The officer's region must hold the village.",
    village: "Village",
    officer: "Resident officer",
    none: "Not set",
    posts: "Tourism police posts",
    onDutyToday: "On duty today",
    notRostered: "No duty entered for today",
    waiting: "{{n}} tourist report(s) waiting for an answer",
    roster: "Duty roster",
    from: "From",
    days: "Days",
    proposal: "Proposed {{n}}",
    lastYear: "{{n}} report(s) in the same week last year",
    officersN: "Officers",
    names: "Officers on duty (comma-separated)",
    note: "Note",
    save: "Save roster",
    print: "Print roster",
    pickPost: "Pick a post",
  },
};
