export default function HomePage() {
  return (
    <div className="flex flex-1 items-center justify-center p-6 text-center text-zinc-500">
      <p>Choose a conversation, or find someone in People to start one.</p>
    </div>
  );
}
