import { createBrowserRouter, RouterProvider } from 'react-router';
import { CampaignCreatePage, CampaignPage, CampaignsPage } from './features/campaigns';
import { FlowEditorPage } from './features/flow-editor/flow-editor-page';
import { InboxPage } from './features/inbox';
import { AppLayout, HomeRedirect, NotFound, RequirePermission } from './features/shell/app-layout';
import { ContactsPage } from './features/contacts/contacts-page';
import { ContactPage } from './features/contacts/contact-page';
import { PipelinePage } from './features/pipeline/pipeline-page';
import { NotificationsSettingsPage } from './features/notifications/notifications-settings-page';
import { SettingsPage } from './features/settings/settings-page';

/** The web app's URLs: each section has its own, so links, reloads and the back button work. */
const router = createBrowserRouter([
  {
    path: '/',
    element: <AppLayout />,
    children: [
      { index: true, element: <HomeRedirect /> },
      {
        path: 'inbox/:conversationId?',
        element: (
          <RequirePermission needs="conversations:read">
            <InboxPage />
          </RequirePermission>
        ),
      },
      {
        path: 'contacts',
        element: (
          <RequirePermission needs="contacts:read">
            <ContactsPage />
          </RequirePermission>
        ),
      },
      {
        path: 'contacts/:contactId',
        element: (
          <RequirePermission needs="contacts:read">
            <ContactPage />
          </RequirePermission>
        ),
      },
      {
        path: 'pipeline',
        element: (
          <RequirePermission needs="contacts:read">
            <PipelinePage />
          </RequirePermission>
        ),
      },
      {
        path: 'campaigns',
        element: (
          <RequirePermission needs="campaigns:read">
            <CampaignsPage />
          </RequirePermission>
        ),
      },
      {
        path: 'campaigns/new',
        element: (
          <RequirePermission needs="campaigns:write">
            <CampaignCreatePage />
          </RequirePermission>
        ),
      },
      {
        path: 'campaigns/:campaignId',
        element: (
          <RequirePermission needs="campaigns:read">
            <CampaignPage />
          </RequirePermission>
        ),
      },
      {
        path: 'flows/:flowKey?',
        element: (
          <RequirePermission needs="flows:write">
            <FlowEditorPage />
          </RequirePermission>
        ),
      },
      // Everyone's own notification settings; the workspace part inside needs users:manage.
      { path: 'settings/notifications', element: <NotificationsSettingsPage /> },
      {
        path: 'settings/:tab?',
        element: (
          <RequirePermission needs="users:manage">
            <SettingsPage />
          </RequirePermission>
        ),
      },
      { path: '*', element: <NotFound /> },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}
