import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { InputSafetyInterceptor } from './input-safety.interceptor';

@Module({ providers: [{ provide: APP_INTERCEPTOR, useClass: InputSafetyInterceptor }] })
export class InputSafetyModule {}
