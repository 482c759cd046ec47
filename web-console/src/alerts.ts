/**
 * Sound and desktop notification for a new chat in the queue. Browsers allow both only after a user gesture, so
 * `unlock` is called from one (the login, a click anywhere, the notification button).
 */
export class QueueAlerts {
  private audio: AudioContext | undefined;

  /** Creates or resumes the audio context; call from a user gesture. */
  unlock(): void {
    if (typeof AudioContext === 'undefined') return;
    this.audio ??= new AudioContext();
    if (this.audio.state === 'suspended') void this.audio.resume().catch(() => undefined);
  }

  /** Whether the browser may still be asked for notifications. */
  canAskForNotifications(): boolean {
    return typeof Notification !== 'undefined' && Notification.permission === 'default';
  }

  /** Asks for permission to show notifications; call from a user gesture. */
  async askForNotifications(): Promise<void> {
    if (!this.canAskForNotifications()) return;
    await Notification.requestPermission().catch(() => 'denied');
  }

  /** Two short tones and, when allowed, a notification that brings the console to the front when clicked. */
  alert(title: string, body: string): void {
    this.beep();
    if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
    try {
      const notification = new Notification(title, { body, tag: 'govbot-queue', lang: 'de' });
      notification.onclick = () => {
        window.focus();
        notification.close();
      };
    } catch {
      // Some browsers only allow notifications from a service worker; the sound and the live region remain.
    }
  }

  private beep(): void {
    const audio = this.audio;
    if (audio?.state !== 'running') return;
    const start = audio.currentTime;
    for (const [offset, frequency] of [
      [0, 880],
      [0.18, 660],
    ] as const) {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.2, start + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.15);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(start + offset);
      oscillator.stop(start + offset + 0.16);
    }
  }
}
