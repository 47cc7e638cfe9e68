// The messages the login route needs, in the entry chunk; the pages' messages (zh.ts, en.ts) come
// with the signed-in shell (pages.ts). zh-CN is the source language; login-en.ts has the same keys.
export const loginZh = {
  app: { name: "枫桥", subtitle: "综治中心矛盾纠纷化解平台" },
  nav: {
    workbench: "工作台",
    cases: "案件列表",
    newCase: "登记",
    admin: "系统管理",
    places: "码上反映点位",
    logout: "退出登录",
    language: "English",
  },
  login: {
    title: "登录",
    username: "用户名",
    password: "密码",
    submit: "登录",
    demo: "演示账号",
    demoHint: "演示数据专用，密码均为 fengqiao2026；点击用户名自动填入",
    role: "角色",
    scope: "辖区",
    required: "请输入{{label}}",
  },
  role: {
    grid_worker: "网格员",
    village_cadre: "村(居)干部",
    mediator: "人民调解员",
    police: "驻村民警",
    center_staff: "综治中心工作人员",
    township_leader: "乡镇领导",
    department_handler: "入驻部门经办人",
    leader: "领导",
    admin: "系统管理员",
  },
};

type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type LoginMessages = Widen<typeof loginZh>;
