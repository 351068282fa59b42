import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { UserView } from '@leadline/database';
import type { Principal } from '../auth/api-key-principal';
import { AuthGuard } from '../auth/auth.guard';
import { RequireScopes } from '../auth/require-scopes.decorator';
import { Tenant } from '../auth/tenant.decorator';
import { ApiZodQuery } from '../openapi/api-zod-query.decorator';
import { ZodValidationPipe } from '../leads/zod-validation.pipe';
import { ApiZodBody } from '../openapi/api-zod-body.decorator';
import type { Page } from '../pagination/page';
import {
  createUserSchema,
  listUsersSchema,
  updateUserSchema,
  type CreateUser,
  type ListUsers,
  type UpdateUser,
} from './users.schema';
import { UsersService } from './users.service';
import { ApiNoContent, ApiZodResponse } from '../openapi/api-zod-response.decorator';
import { ApiErrors } from '../openapi/api-errors.decorator';
import { userPageSchema, userViewSchema } from './users-response.schema';

@ApiTags('users')
@ApiBearerAuth()
@Controller('api/users')
@UseGuards(AuthGuard)
@RequireScopes('users:manage')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  @ApiOperation({ summary: 'Members of the workspace; ?role=' })
  @ApiZodQuery(listUsersSchema)
  @ApiZodResponse(200, userPageSchema)
  list(
    @Tenant() principal: Principal,
    @Query(new ZodValidationPipe(listUsersSchema, 'query')) query: ListUsers,
  ): Promise<Page<UserView>> {
    return this.users.list(principal, query);
  }

  @Get(':id')
  @ApiZodResponse(200, userViewSchema)
  get(@Tenant() principal: Principal, @Param('id') id: string): Promise<UserView> {
    return this.users.get(principal, id);
  }

  @Post()
  @ApiOperation({ summary: 'Add a member with a first password (adding an owner: owners only)' })
  @ApiZodBody(createUserSchema)
  @ApiZodResponse(201, userViewSchema)
  @ApiErrors(403, ['FORBIDDEN', 'SCOPE_NOT_HELD', 'OWNER_ONLY', 'ROLE_NOT_HELD'])
  @ApiErrors(409, ['USER_EXISTS'])
  create(
    @Tenant() principal: Principal,
    @Body(new ZodValidationPipe(createUserSchema, 'body')) body: CreateUser,
  ): Promise<UserView> {
    return this.users.create(principal, body);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename, or change the role (owners only; the last owner stays an owner)' })
  @ApiZodBody(updateUserSchema)
  @ApiZodResponse(200, userViewSchema)
  @ApiErrors(403, ['FORBIDDEN', 'SCOPE_NOT_HELD', 'OWNER_ONLY', 'ROLE_NOT_HELD'])
  @ApiErrors(409, ['LAST_OWNER'])
  update(
    @Tenant() principal: Principal,
    @Param('id') id: string,
    @Body(new ZodValidationPipe(updateUserSchema, 'body')) body: UpdateUser,
  ): Promise<UserView> {
    return this.users.update(principal, id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove a member (an owner: owners only; never the last owner)' })
  @ApiErrors(403, ['FORBIDDEN', 'SCOPE_NOT_HELD', 'OWNER_ONLY', 'ROLE_NOT_HELD'])
  @ApiErrors(409, ['LAST_OWNER'])
  @ApiNoContent()
  async remove(@Tenant() principal: Principal, @Param('id') id: string): Promise<void> {
    await this.users.remove(principal, id);
  }
}
