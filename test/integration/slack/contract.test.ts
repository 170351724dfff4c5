import { chatPlatformContract } from '../../contract/chat-platform.contract.ts';
import { startSlackHarness } from './harness.ts';

chatPlatformContract('slack', () => startSlackHarness());
