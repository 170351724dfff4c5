import { chatPlatformContract } from '../../contract/chat-platform.contract.ts';
import { startPlaygroundHarness } from './harness.ts';

chatPlatformContract('playground', () => startPlaygroundHarness());
