/** Who the conversation is with (online or not), the record's verdict and its exports. */
import { useVerify } from '../../api/queries';
import { useOnline } from '../../chat/rooms';
import { ShieldIcon } from '../Icons';

function RecordBadge({ roomId }: { roomId: string }) {
  const { data, isError } = useVerify(roomId);
  if (isError) return <span className="record">Record check unavailable</span>;
  if (!data) return <span className="record">Checking the record…</span>;
  return data.ok ? (
    <span className="record ok">
      <ShieldIcon /> Record intact, {data.count} {data.count === 1 ? 'message' : 'messages'}
    </span>
  ) : (
    <span className="record broken" role="alert">
      Record broken at message {data.brokenAtSeq}
    </span>
  );
}

interface Props {
  roomId: string;
  partner: { id: number; displayName: string } | undefined;
  panel: 'none' | 'topics' | 'search' | 'record';
  onPanel: (p: 'none' | 'topics' | 'search' | 'record') => void;
}

export function RoomHeader({ roomId, partner, panel, onPanel }: Props) {
  const online = useOnline(partner?.id);
  const toggle = (p: Props['panel']) => onPanel(panel === p ? 'none' : p);
  return (
    <div className="room-header">
      <div className="who">
        <h1>{partner?.displayName ?? 'Conversation'}</h1>
        <span className={`presence ${online ? 'on' : ''}`}>
          <span className="dot" aria-hidden="true" />
          {online ? 'Online' : 'Offline'}
        </span>
      </div>
      <div className="room-tools">
        <button type="button" aria-expanded={panel === 'topics'} onClick={() => toggle('topics')}>
          Topics
        </button>
        <button type="button" aria-expanded={panel === 'search'} onClick={() => toggle('search')}>
          Search
        </button>
        <button type="button" aria-expanded={panel === 'record'} onClick={() => toggle('record')}>
          Record
        </button>
      </div>
      {panel === 'record' && (
        <div className="panel record-panel">
          <RecordBadge roomId={roomId} />
          <p className="hint">
            Every message is chained to the one before it, so any change would show. The export is
            signed by this server.
          </p>
          <div className="row">
            <a className="button" href={`/api/rooms/${roomId}/export?format=pdf`} download>
              Download PDF
            </a>
            <a className="button" href={`/api/rooms/${roomId}/export?format=json`} download>
              Download JSON
            </a>
          </div>
        </div>
      )}
    </div>
  );
}
