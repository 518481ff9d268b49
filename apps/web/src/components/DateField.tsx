// antd DatePicker (zh_CN, dayjs zh-cn) holding a China wall-clock string, so forms and the API keep plain strings:
// 'YYYY-MM-DD', 'YYYY-MM-DD HH:mm' or 'YYYY-MM'. The dayjs value only carries the wall-clock fields (never turned
// into an instant here), so the browser's own zone cannot shift a date.
import { DatePicker } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';

const FORMATS = { date: 'YYYY-MM-DD', datetime: 'YYYY-MM-DD HH:mm', month: 'YYYY-MM' } as const;
const SHAPES = { date: /^\d{4}-\d{2}-\d{2}$/, datetime: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/, month: /^\d{4}-\d{2}$/ } as const;
export type DateFieldMode = keyof typeof FORMATS;

export function DateField({ value, onChange, mode = 'date', min, max, style, size, placeholder, allowClear = false, ...rest }: {
  value?: string | null; onChange?: (v: string | undefined) => void; mode?: DateFieldMode;
  /** Bounds as 'YYYY-MM-DD' (or 'YYYY-MM' in month mode), inclusive. */
  min?: string; max?: string;
  style?: React.CSSProperties; size?: 'small' | 'middle' | 'large'; placeholder?: string; allowClear?: boolean;
  'data-testid'?: string; id?: string;
}) {
  const fmt = FORMATS[mode];
  const key = mode === 'month' ? 'YYYY-MM' : 'YYYY-MM-DD';
  const parsed = value ? dayjs(value) : null;
  return (
    <DatePicker
      {...rest}
      value={parsed?.isValid() ? parsed : null}
      format={fmt}
      picker={mode === 'month' ? 'month' : 'date'}
      showTime={mode === 'datetime' ? { format: 'HH:mm' } : false}
      needConfirm={false}
      allowClear={allowClear}
      size={size}
      style={style}
      placeholder={placeholder ?? (mode === 'month' ? '选择月份' : mode === 'datetime' ? '选择日期时间' : '选择日期')}
      disabledDate={(d: Dayjs) => (!!min && d.format(key) < min) || (!!max && d.format(key) > max)}
      onChange={(d: Dayjs | null) => onChange?.(d ? d.format(fmt) : undefined)}
      // A date typed and then left (Tab, or a click on 保存) is taken as typed: the picker alone keeps it only on Enter.
      onBlur={(e: React.FocusEvent<HTMLElement>) => {
        const text = (e.target instanceof HTMLInputElement ? e.target.value : '').trim();
        if (text === (value ?? '') || !SHAPES[mode].test(text)) return;
        const d = dayjs(text);
        if (d.isValid() && d.format(fmt) === text) onChange?.(text);
      }}
    />
  );
}
