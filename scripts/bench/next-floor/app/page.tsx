// The floor of a chat page: useChat, as Rill uses it, with a message box and the answers as
// plain text. `npm run bench` measures its First Load JS and first token on screen beside Rill's.
import { FloorChat } from './floor-chat';

export default function Page() {
  return <FloorChat />;
}
