import { chatPlatformContract } from '../../contract/chat-platform.contract.ts';
import { makeDiscordHarness } from './harness.ts';

chatPlatformContract('discord', () => makeDiscordHarness());
