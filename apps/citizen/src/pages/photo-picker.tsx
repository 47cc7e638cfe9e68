/** @jsxImportSource preact */
import { useEffect, useState } from "preact/hooks";
import { shrink, uploadPhoto } from "../photos";

interface Slot {
  key: number;
  preview: string;
  pct: number;
  id: string | null;
  error: string;
}

export const MAX_PHOTOS = 5;
let nextKey = 0;

/** Each photo is shrunk and uploaded the moment it is picked, with its own progress bar. */
export function PhotoPicker({ onChange }: { onChange: (ids: string[], busy: boolean) => void }) {
  const [slots, setSlots] = useState<Slot[]>([]);
  const update = (key: number, patch: Partial<Slot>) =>
    setSlots((cur) => cur.map((s) => (s.key === key ? { ...s, ...patch } : s)));
  useEffect(() => {
    onChange(
      slots.flatMap((s) => (s.id && s.error !== "removed" ? [s.id] : [])),
      slots.some((s) => !s.id && !s.error),
    );
  }, [slots, onChange]);
  const pick = (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const files = Array.from(input.files ?? []).slice(0, MAX_PHOTOS - slots.length);
    input.value = "";
    for (const file of files) {
      const key = nextKey++;
      setSlots((cur) => [...cur, { key, preview: URL.createObjectURL(file), pct: 0, id: null, error: "" }]);
      shrink(file)
        .then((blob) => uploadPhoto(blob, (pct) => update(key, { pct })))
        .then(
          (id) => update(key, { id, pct: 100 }),
          (err: Error) => update(key, { error: err.message }),
        );
    }
  };
  const remove = (key: number) => update(key, { error: "removed" });
  const shown = slots.filter((s) => s.error !== "removed");
  return (
    <div class="photos">
      {shown.map((s) => (
        <div class="thumb" key={s.key}>
          <img src={s.preview} alt="照片" />
          {!s.id && !s.error && <progress max={100} value={s.pct} />}
          {s.error && <span class="error small">{s.error}</span>}
          <button type="button" class="x" aria-label="删除" onClick={() => remove(s.key)}>
            ×
          </button>
        </div>
      ))}
      {shown.length < MAX_PHOTOS && (
        <label class="add">
          ＋<br />
          照片
          {/* Out of sight but focusable: Tab reaches it, Enter or Space opens the picker. */}
          <input
            class="sr-only"
            type="file"
            aria-label="添加照片"
            accept="image/jpeg,image/png,image/webp"
            multiple
            onChange={pick}
          />
        </label>
      )}
    </div>
  );
}
