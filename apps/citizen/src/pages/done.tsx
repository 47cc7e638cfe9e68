/** @jsxImportSource preact */
import { go } from "../nav";

export function DonePage({ code }: { code: string }) {
  const note = sessionStorage.getItem(`fq-done-${code}`);
  return (
    <main class="page">
      <h1>提交成功</h1>
      <div class="card done">
        <p>您的受理编号</p>
        <p class="code" data-testid="case-code">
          {code}
        </p>
        <p class="hint">请截图或记下编号。{note ?? ""}</p>
        <p class="hint">凭编号和手机号后四位可随时查询办理进度。</p>
      </div>
      <button type="button" class="primary" onClick={() => go(`/m/track?code=${encodeURIComponent(code)}`)}>
        查询进度
      </button>
    </main>
  );
}

export function ThanksPage() {
  return (
    <main class="page">
      <h1>感谢您的意见建议</h1>
      <p class="card">我们会认真研究办理。</p>
    </main>
  );
}
