/** @jsxImportSource preact */

export type Kind = "case" | "opinion";
export interface Form {
  category: string;
  description: string;
  name: string;
  phone: string;
  anonymous: boolean;
  consent: boolean;
  website: string;
}

type Set = (patch: Partial<Form>) => void;
const value = (e: Event) => (e.currentTarget as HTMLInputElement).value;
const checked = (e: Event) => (e.currentTarget as HTMLInputElement).checked;

/** Name and phone (or anonymous), the honeypot, and consent to the privacy notice. */
export function ContactFields(p: { kind: Kind; form: Form; set: Set; callbackMinutes: number | null }) {
  const { form, set } = p;
  return (
    <>
      <label class="check">
        <input type="checkbox" checked={form.anonymous} onChange={(e) => set({ anonymous: checked(e) })} />
        匿名反映（不留联系方式，无法电话回访；凭受理编号和查询码查询进度）
      </label>
      {!form.anonymous && (
        <>
          <label>
            称呼（选填）
            <input value={form.name} maxLength={50} onInput={(e) => set({ name: value(e) })} />
          </label>
          <label>
            手机号
            <input
              type="tel"
              inputMode="numeric"
              maxLength={11}
              value={form.phone}
              onInput={(e) => set({ phone: value(e) })}
            />
          </label>
          {p.kind === "case" && p.callbackMinutes !== null && (
            <p class="hint">村干部将在 {p.callbackMinutes} 分钟内回电联系您。</p>
          )}
        </>
      )}
      {/* Hidden from people; a form-filling robot fills it and is refused. */}
      <input
        class="hp"
        name="website"
        tabIndex={-1}
        autoComplete="off"
        aria-hidden="true"
        value={form.website}
        onInput={(e) => set({ website: value(e) })}
      />
      <details class="privacy">
        <summary>个人信息保护说明</summary>
        您的姓名和手机号仅用于办理本事项、回访和进度查询，加密保存，仅经办人员可见，不会公开或用于其他用途。照片上传前会去除拍摄位置等信息。
      </details>
      <label class="check">
        <input type="checkbox" checked={form.consent} onChange={(e) => set({ consent: checked(e) })} />
        我已阅读并同意个人信息保护说明
      </label>
    </>
  );
}
