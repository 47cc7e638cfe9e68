// A meeting decision given as a 交办 task (转为交办任务), on the meeting page.
export const zh = {
  journey: {
    toTask: "转为交办任务",
    toTaskConfirm:
      "交{{unit}}作为主办任务办理？期限沿用会议决定的期限，会议决定的督办由交办任务的签收、答复和督办单接替。",
    tasked: "已转交办任务",
  },
};

export const en = {
  journey: {
    toTask: "Give as a task",
    toTaskConfirm:
      "Give this to {{unit}} as a lead task? It keeps the decision's deadline; the task's sign-for, reply and supervision notices take over its follow-up.",
    tasked: "Given as a task",
  },
};
