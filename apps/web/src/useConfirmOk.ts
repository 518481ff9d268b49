// The onOk of a confirmation dialog that sends a request: its success is said and the caller refreshes; a failure is
// said and the dialog stays open (antd keeps a modal.confirm open while its onOk rejects).
import { App } from 'antd';
import { errorText } from './api';

/** `confirmOk(run, onChanged)`: `run` sends the request and answers the success message. */
export function useConfirmOk(): (run: () => Promise<string>, onChanged: () => void) => () => Promise<void> {
  const { message } = App.useApp();
  return (run, onChanged) => async () => {
    try {
      void message.success(await run());
      onChanged();
    } catch (e) {
      void message.error(errorText(e));
      throw e;
    }
  };
}
