export type {
  ChoiceOption,
  ExpectKind,
  ParseFailureReason,
  ParseOptions,
  ParseResult,
  ReplyInput,
} from './answer.types';
export { parseAnswer } from './parse-answer';
export { defaultInvalidText } from './default-invalid-text';
export { foldText, simplifyText } from './fold-text';
