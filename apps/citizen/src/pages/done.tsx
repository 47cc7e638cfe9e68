/** @jsxImportSource preact */
import { useState } from "preact/hooks";
import { submitted } from "../api";
import { go } from "../nav";

/** Copies a value and says so; where the clipboard is refused, says how to copy by hand. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [said, setSaid] = useState("");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setSaid("已复制");
    } catch {
      setSaid("复制失败，请长按编号手动复制");
    }
  };
  return (
    <span class="copy-row">
      <button type="button" class="copy" aria-label={label} onClick={() => void copy()}>
        复制
      </button>
      <span class="hint" role="status" aria-live="polite" data-testid="copy-status">
        {said}
      </span>
    </span>
  );
}

export function DonePage({ code }: { code: string }) {
  const s = submitted(code);
  return (
    <main class="page">
      <h1>提交成功</h1>
      <div class="card done">
        {s && (
          <p class="status" data-testid="done-status">
            {s.statusText}
          </p>
        )}
        <p>您的受理编号</p>
        <p class="code" data-testid="case-code">
          {code}
        </p>
        <CopyButton text={code} label="复制受理编号" />
        {s?.pin && (
          <>
            <p>查询码</p>
            <p class="code" data-testid="tracking-pin">
              {s.pin}
            </p>
          </>
        )}
        <p class="hint">
          请截图或记下编号{s?.pin ? "和查询码" : ""}。{s?.message ?? ""}
        </p>
        <p class="hint">凭受理编号和手机号后四位（匿名反映凭查询码）可随时查询办理进度。</p>
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
