-- A campaign's quick-reply buttons routed to flows: { "<button text or payload>": "<flow key>" }.
ALTER TABLE "campaigns" ADD COLUMN "button_flows" JSONB NOT NULL DEFAULT '{}';
