import './campaigns.css';

export { CampaignsPage } from './campaigns-page';
export { CampaignCreatePage } from './campaign-create-page';
export { CampaignPage } from './campaign-page';
