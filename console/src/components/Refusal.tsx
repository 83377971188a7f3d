// A request the API refused, explained in the words of the area that sent it
// (its "<area>.refused.<code>" messages), with the API's own detail under it.
// A refusal the area has no words for is shown as any other problem.
import { MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';
import type { ApiError } from '../api/client';
import { useI18n } from '../i18n';
import { catalog, type MessageKey } from '../i18n/catalog';
import { ProblemBar } from './ui';

/** The areas that explain refusals: "partner" for the keys "partner.refused.<code>". */
export type RefusalArea = MessageKey extends infer K ? (K extends `${infer A}.refused.${string}` ? A : never) : never;

export function Refusal({ error, area, shownAtField }: { error: ApiError | null; area: RefusalArea; shownAtField?: string[] }) {
  const { t } = useI18n();
  if (!error) return null;
  const key = `${area}.refused.${error.code}`;
  if (!(key in catalog.en)) return <ProblemBar error={error} shownAtField={shownAtField} />;
  return (
    <MessageBar intent="error" role="alert" data-code={error.code}>
      <MessageBarBody>
        <MessageBarTitle>{t(key as MessageKey)}</MessageBarTitle>
        {error.problem.detail}
      </MessageBarBody>
    </MessageBar>
  );
}
