// The SMTP server `npm run bench` gives the API: it accepts every mail, so the outbox has somewhere real to
// deliver to, and hands the bench the link each mail carries, by recipient.
import PostalMime from 'postal-mime';
import smtp from 'smtp-server';

/** Starts the sink on a free loopback port; linkFor(address) resolves with the next link mailed there. */
export async function startMailSink() {
  const links = new Map();
  const waiting = new Map();
  const queue = (map, address) => map.get(address) ?? map.set(address, []).get(address);
  const sink = new smtp.SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    async onData(stream, session, callback) {
      const mail = await PostalMime.parse(Buffer.concat(await stream.toArray()));
      const link = /https?:\/\/\S+token=[\w-]+/.exec(mail.text ?? '')?.[0]?.replace(/&amp;/g, '&');
      for (const { address } of session.envelope.rcptTo) {
        const to = address.toLowerCase();
        if (link) (queue(waiting, to).shift() ?? ((found) => queue(links, to).push(found)))(link);
      }
      callback();
    },
  });
  await new Promise((resolve) => sink.listen(0, '127.0.0.1', resolve));
  return {
    address: () => sink.server.address(),
    close: () => sink.close(),
    linkFor: (address) => {
      const to = address.toLowerCase();
      const caught = queue(links, to);
      return caught.length
        ? Promise.resolve(caught.shift())
        : new Promise((resolve) => queue(waiting, to).push(resolve));
    },
  };
}

/** The `token` query parameter of a mailed link. */
export const tokenOf = (link) => new URL(link).searchParams.get('token');
