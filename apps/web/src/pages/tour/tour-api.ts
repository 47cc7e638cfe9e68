// Shapes of the 有事找警察 and 旅游警务 API (apps/server/src/modules/village-police, tourism).

export interface QueueItem {
  id: string;
  code: string;
  title: string;
  category: string;
  status: string;
  warning: string;
  regionNames: string[];
  assignedToMe: boolean;
  createdAt: string;
}

export interface PostItem {
  placeId: string;
  place: string;
  name: string;
  phone: string | null;
  unitName: string;
  waiting: number;
  onDuty: { officers: number; names: string[] } | null;
  canRoster: boolean;
}

export interface RosterItem {
  date: string;
  forecast: {
    officers: number;
    lastYearWeekReports: number;
    factor: number;
    holiday: { name: string; zh: string } | null;
    weekend: boolean;
  };
  saved: { officers: number; names: string[]; note: string | null } | null;
}

export interface OfficerVillages {
  villages: { code: string; name: string; officer: { userId: string; name: string } | null }[];
  candidates: { userId: string; name: string; regionName: string }[];
}
