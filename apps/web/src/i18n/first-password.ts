// 首次登录修改密码: the form an imported account (one-time initial password) or one an administrator
// reset sees before anything else.

export const zh = {
  firstPassword: {
    title: "修改初始密码",
    hint: "您正在使用管理员发放的一次性初始密码。请设置只有您自己知道的新密码，之后才能使用系统。",
    current: "当前（初始）密码",
    next: "新密码",
    repeat: "再次输入新密码",
    rules: "至少 10 个字符，包含大写、小写、数字、符号中的至少两类，不能包含用户名，不能是常见密码。",
    mismatch: "两次输入的新密码不一致",
    required: "请填写此项",
    submit: "修改密码并进入系统",
    done: "密码已修改",
    logout: "退出登录",
  },
};

export const en: typeof zh = {
  firstPassword: {
    title: "Change your initial password",
    hint: "You are signed in with a one-time password an administrator gave you. Choose a new one only you know to start using the system.",
    current: "Current (initial) password",
    next: "New password",
    repeat: "New password again",
    rules:
      "At least 10 characters, two of lower case, upper case, digits and symbols, not containing your username, not a common password.",
    mismatch: "The two new passwords differ",
    required: "Required",
    submit: "Change password and continue",
    done: "Password changed",
    logout: "Sign out",
  },
};
