import { create } from 'zustand';
import { ApiError } from '../../api/api-client';
import { channelsApi, type ChannelSummary, type SignupSettings } from './channels-api';

interface ChannelsState {
  channels: ChannelSummary[];
  signup: SignupSettings | null;
  loading: boolean;
  error: string | null;
  /** A plain sentence after something worked ("Connected +1 555…"). */
  notice: string | null;
  load(): Promise<void>;
  added(channel: ChannelSummary, how: string): void;
  failed(error: unknown): void;
}

/** Words for an API failure: its own message (the API's are written for people). */
export function problemText(error: unknown): string {
  if (error instanceof ApiError) return error.details.length ? error.details.join(' ') : error.message;
  return 'The server could not be reached: try again in a moment.';
}

/** Settings → Channels: the workspace's numbers and whether Embedded Signup is offered. */
export const useChannels = create<ChannelsState>((set) => ({
  channels: [],
  signup: null,
  loading: false,
  error: null,
  notice: null,
  async load() {
    set({ loading: true, error: null });
    try {
      const [channels, signup] = await Promise.all([
        channelsApi.list(),
        channelsApi.signupSettings().catch(() => null),
      ]);
      set({ channels, signup, loading: false });
    } catch (error) {
      set({ loading: false, error: problemText(error) });
    }
  },
  added(channel, how) {
    set((state) => ({
      channels: [channel, ...state.channels.filter((c) => c.id !== channel.id)],
      error: null,
      notice: `${how}: ${channel.verifiedName ?? channel.name ?? 'WhatsApp number'} ${channel.displayPhone} is connected.`,
    }));
  },
  failed(error) {
    set({ error: problemText(error), notice: null });
  },
}));
