// 手机号 + 获取验证码, with the graphical captcha when the server asks for one (CAPTCHA_REQUIRED / CAPTCHA_INVALID).
import { useEffect, useState } from 'react';
import { App, Button, Input, Space } from 'antd';
import { ApiError, errorText } from '../api';
import { publicApi } from './publicApi';

const MOBILE = /^1[3-9]\d{9}$/;

export function SmsCodeButton({ phone, purpose }: { phone: string; purpose: 'file' | 'track' }) {
  const { message } = App.useApp();
  const [left, setLeft] = useState(0);
  const [busy, setBusy] = useState(false);
  const [captcha, setCaptcha] = useState<{ token: string; image: string } | null>(null);
  const [answer, setAnswer] = useState('');
  useEffect(() => {
    if (left <= 0) return;
    const t = setTimeout(() => setLeft(left - 1), 1000);
    return () => clearTimeout(t);
  }, [left]);

  // Its failure is said (it was an unhandled rejection: 「请先完成图形验证码」 again and again, and no image).
  const newCaptcha = async () => {
    try {
      setCaptcha(await publicApi.captcha());
    } catch (e) {
      void message.error(`图形验证码未能加载：${errorText(e)}`);
    }
  };
  const send = async () => {
    if (!MOBILE.test(phone.trim())) {
      void message.error('请先填写11位手机号');
      return;
    }
    setBusy(true);
    try {
      await publicApi.smsCode({ phone: phone.trim(), purpose, ...(captcha ? { captchaToken: captcha.token, captchaAnswer: answer.trim() } : {}) });
      void message.success('验证码已发送，10分钟内有效');
      setCaptcha(null);
      setAnswer('');
      setLeft(60);
    } catch (e) {
      const code = e instanceof ApiError ? e.body.code : '';
      if (code === 'CAPTCHA_REQUIRED' || code === 'CAPTCHA_INVALID') {
        void message.warning(errorText(e));
        setAnswer('');
        await newCaptcha();
      } else void message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {captcha && (
        <Space.Compact style={{ width: '100%' }} data-testid="captcha-box">
          <img src={captcha.image} alt="图形验证码" style={{ height: 32, cursor: 'pointer' }} onClick={() => void newCaptcha()} title="看不清？点击换一张" />
          <Input value={answer} onChange={(e) => setAnswer(e.target.value)} placeholder="图形验证码" maxLength={8} data-testid="captcha-answer" />
        </Space.Compact>
      )}
      <Button block onClick={() => void send()} loading={busy} disabled={left > 0 || (!!captcha && !answer.trim())} data-testid={`sms-code-${purpose}`}>
        {left > 0 ? `${left}秒后可重新获取` : '获取验证码'}
      </Button>
    </Space>
  );
}
