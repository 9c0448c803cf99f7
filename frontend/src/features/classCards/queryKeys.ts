export const CLASS_CARDS_QUERY_KEY = ['classCards'] as const;

export const classCardsKeys = {
  /** What this browser is for the class cards: its classroom, pupils and pictures (the tablet). */
  device: () => [...CLASS_CARDS_QUERY_KEY, 'device'] as const,
  cards: (classroomId: number) => [...CLASS_CARDS_QUERY_KEY, 'cards', classroomId] as const,
  devices: (classroomId: number) => [...CLASS_CARDS_QUERY_KEY, 'devices', classroomId] as const,
  classroom: (classroomId: number) => [...CLASS_CARDS_QUERY_KEY, 'classroom', classroomId] as const,
};
