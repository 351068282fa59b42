/** The guard's first name, from when only API keys could call the API; it accepts users too now. */
export { AuthGuard as ApiKeyGuard } from './auth.guard';
