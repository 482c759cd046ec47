/** A file a citizen sent for a form field, as the channel received it (type already sniffed from its bytes). */
export interface NewUpload {
  conversationId: string;
  /** The file name the citizen's device gave, shown back to them; never used as a path. */
  name: string;
  /** The type read from the file's first bytes (magic number), not the one the client claimed. */
  contentType: string;
  data: Buffer;
}

/** What the bot and the form know about an upload: everything but the bytes. */
export interface UploadMeta {
  id: string;
  conversationId: string;
  name: string;
  contentType: string;
  size: number;
  /** Hex SHA-256 of the bytes, so recipients can check what they got. */
  sha256: string;
  createdAt: string;
}

export interface StoredUpload extends UploadMeta {
  data: Buffer;
}
