import { z } from 'zod';
import { Body, Controller, Get, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '../auth/api-key-principal';
import { AuthGuard } from '../auth/auth.guard';
import { RequireScopes } from '../auth/require-scopes.decorator';
import { Tenant } from '../auth/tenant.decorator';
import { ApiZodQuery } from '../openapi/api-zod-query.decorator';
import { ZodValidationPipe } from '../leads/zod-validation.pipe';
import { ApiZodBody } from '../openapi/api-zod-body.decorator';
import { ApiZodResponse } from '../openapi/api-zod-response.decorator';
import { contactPageSchema, contactViewSchema, noteViewSchema } from './contacts-response.schema';
import type { Page } from '../pagination/page';
import {
  addNoteSchema,
  listContactsSchema,
  type AddNote,
  updateContactSchema,
  type ListContacts,
  type UpdateContact,
} from './contacts.schema';
import { ContactsService, type ContactView, type NoteView } from './contacts.service';

@ApiTags('contacts')
@ApiBearerAuth()
@Controller('api/contacts')
@UseGuards(AuthGuard)
export class ContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @Get()
  @RequireScopes('contacts:read')
  @ApiOperation({
    summary:
      'Contacts, a keyset page at a time; ?sort=created|name|last_message&order=, ?q= (phone or name), ?tag=, ' +
      '?optIn=, ?stage= (id or none), ?lastMessage=24h|7d|30d|older|never, ?field=&value=',
  })
  @ApiZodQuery(listContactsSchema)
  @ApiZodResponse(200, contactPageSchema)
  list(
    @Tenant() principal: Principal,
    @Query(new ZodValidationPipe(listContactsSchema, 'query')) query: ListContacts,
  ): Promise<Page<ContactView>> {
    return this.contacts.list(principal, query);
  }

  @Get(':id')
  @RequireScopes('contacts:read')
  @ApiZodResponse(200, contactViewSchema)
  get(@Tenant() principal: Principal, @Param('id') id: string): Promise<ContactView> {
    return this.contacts.get(principal, id);
  }

  @Patch(':id')
  @RequireScopes('contacts:write')
  @ApiOperation({ summary: 'Correct name, tags (replace or add/remove) and fields (merge; null removes)' })
  @ApiZodBody(updateContactSchema)
  @ApiZodResponse(200, contactViewSchema)
  update(
    @Tenant() principal: Principal,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(updateContactSchema, 'body')) body: UpdateContact,
  ): Promise<ContactView> {
    return this.contacts.update(principal, id, body);
  }

  @Get(':id/notes')
  @RequireScopes('contacts:read')
  @ApiOperation({ summary: "The team's internal notes on the contact, newest first (the last 100)" })
  @ApiZodResponse(200, z.array(noteViewSchema))
  notes(@Tenant() principal: Principal, @Param('id') id: string): Promise<NoteView[]> {
    return this.contacts.notes(principal, id);
  }

  @Post(':id/notes')
  @RequireScopes('contacts:write')
  @ApiOperation({ summary: 'Add an internal note (never sent to the contact)' })
  @ApiZodBody(addNoteSchema)
  @ApiZodResponse(201, noteViewSchema)
  addNote(
    @Tenant() principal: Principal,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(addNoteSchema, 'body')) body: AddNote,
  ): Promise<NoteView> {
    return this.contacts.addNote(principal, id, body);
  }
}
