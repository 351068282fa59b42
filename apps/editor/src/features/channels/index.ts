export { ChannelsSettings } from './channels-settings';
